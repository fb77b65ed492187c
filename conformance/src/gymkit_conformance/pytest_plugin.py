"""pytest plugin of gymkit-conformance (filled in by the conformance work)."""
