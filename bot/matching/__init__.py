"""Matching a resident's question to a topic: text features, ranking, the answer engine."""
