"""The front ends: settings, the ``isnad`` command, the REPL and the Telegram bot.

Modules are imported by name (``bot.cli``, ``bot.settings`` ...); nothing is re-exported here.
"""
