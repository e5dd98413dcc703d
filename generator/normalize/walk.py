"""Moved to `generator.spec` (the IR builder and the merger need it too): import from there.

Kept as a re-export only while modules changed on other branches still import it.
"""

from ..spec import HTTP_METHODS, iter_operations, iter_schemas

_HTTP_METHODS = HTTP_METHODS

__all__ = ["HTTP_METHODS", "iter_operations", "iter_schemas"]
