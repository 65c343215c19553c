"""The conversation, independent of Telegram: events in, messages with buttons out.

The Telegram handlers and the terminal chat both drive this same code, so whatever a
resident can do in one they can do in the other.
"""
