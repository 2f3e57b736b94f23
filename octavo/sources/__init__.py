"""The first stage: each source read by the reader for its kind, and the manuscript assembled from them."""
