//! Readers for article files (filled in by the reader work).
