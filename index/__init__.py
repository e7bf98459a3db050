"""The indexing side: read, decode, clean, split, analyse, embed, and build the store, BM25 and FAISS.

Modules are imported by name (``index.build``, ``index.embed`` ...); nothing is re-exported here.
"""
