"""All SQL lives in this package: the schema and its migrations, and one repository per
kind of record. Nothing outside it writes a query."""

from bot.store.database import open_database
from bot.store.repository import Repository

__all__ = ["Repository", "open_database"]
