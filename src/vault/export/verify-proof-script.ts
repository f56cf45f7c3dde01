/** A standalone RFC 9162 inclusion-proof checker shipped inside each evidence package. */
export const VERIFY_PROOF_PY = `#!/usr/bin/env python3
"""Check RFC 9162 inclusion proofs (Vigil evidence packages). Standard library only.

Usage: python3 verify_proof.py proofs/*.json
Each file holds leafIdx, treeSize, root, leafHash and proof (hashes in base64).
"""
import base64, hashlib, json, sys

def node(left, right):
    return hashlib.sha256(b"\\x01" + left + right).digest()

def verify_inclusion(index, size, leaf_hash, proof, root):
    if index >= size:
        return "leaf index is beyond the tree size"
    fn, sn, r = index, size - 1, leaf_hash
    for p in proof:
        if sn == 0:
            return "proof is too long"
        if fn % 2 == 1 or fn == sn:
            r = node(p, r)
            if fn % 2 == 0:
                while fn % 2 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        return "proof is too short"
    return None if r == root else "computed root differs from the given root"

def main(paths):
    failures = 0
    for path in paths:
        with open(path) as f:
            p = json.load(f)
        b = lambda s: base64.b64decode(s)
        reason = verify_inclusion(p["leafIdx"], p["treeSize"], b(p["leafHash"]), [b(h) for h in (p["proof"] or [])], b(p["root"]))
        print(f"{path}: {'valid' if reason is None else 'INVALID: ' + reason}")
        failures += reason is not None
    return 1 if failures else 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
`;
