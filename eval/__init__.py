"""Quality evaluation of pledgewatch against gold annotations and real third-party data.

Run ``python -m eval`` (``make eval``) from the repository root; see ``eval/__main__.py``. This
package lives beside ``src/`` and ``tests/`` and is not part of the default test run.
"""
