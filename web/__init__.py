"""The staff's web desk: a front end beside the Telegram handlers, on the same core,
database and workflow rules. `bot/` never imports it; it never imports `handlers`."""
