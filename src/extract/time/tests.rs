//! Tests of finding, normalising and attaching time expressions.
