"""The txcsp tutorial: python-csp's tutorial rewritten for cooperative processes on Twisted.

Each part is a package holding a Markdown document (``README.md``) and its
example programs; run any of them from the repository root with
``python -m tutorial.partNN.name``. ``pip install`` installs this folder as the
package ``csp_tutorial`` (with the documents and data files), so anywhere
``python -m csp_tutorial.partNN.name`` runs the same program, and the shell's
``info`` shows examples from the documents.
"""
