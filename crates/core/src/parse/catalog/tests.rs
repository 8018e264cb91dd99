//! Catalog JSON read end to end.
