

from index.parts.openblas import load_faiss

# Every bench script is an entry point: FAISS loads with this CPU named to its OpenBLAS, as under `isnad`.
load_faiss()
