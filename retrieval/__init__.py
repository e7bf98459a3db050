"""The answering side: understand a question, search, fuse, abstain, cite, converse.

Modules are imported by name (``retrieval.engine``, ``retrieval.answer`` ...); nothing is
re-exported here.
"""
