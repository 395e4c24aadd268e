"""The txcsp tutorial: python-csp's tutorial rewritten for cooperative processes on Twisted.

Each part is a package holding a Markdown document (``README.md``) and its
example programs; run any of them with ``python -m tutorial.partNN.name``.
"""
