"""What a PyTorch peer process reports about its own setup, shared by the reference scripts (run from this folder)."""


def blas_in_use():
    """Which BLAS this process mapped: Debian's torch takes whatever libblas.so.3 resolves to."""
    with open("/proc/self/maps") as f:
        paths = sorted({line.split()[-1] for line in f if "blas" in line.rsplit("/", 1)[-1]})
    if not paths:
        return "unknown"
    kind = "OpenBLAS" if any("openblas" in p for p in paths) else "netlib reference BLAS" if any("/blas/" in p for p in paths) else "other BLAS"
    return f"{kind} ({paths[0]})"
