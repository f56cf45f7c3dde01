/** The README inside an evidence package: how a receiver checks it with standard tools. */
export function packageReadme(p: {
  organisation: string;
  createdAt: string;
  itemCount: number;
  encryptedTo: string | null;
  treeSize: number;
  timestamped: boolean;
  cosignatures: Array<{ witness: string; verifierKey: string; time: string; folder: string }>;
}): string {
  const encrypted = p.encryptedTo !== null;
  const witnessed = p.cosignatures.length > 0;
  return `EVIDENCE PACKAGE
================

Prepared by ${p.organisation} with Vigil on ${p.createdAt}.
Items: ${p.itemCount}. ${encrypted ? `The files are age-encrypted to ${p.encryptedTo}.` : 'The files are the originals, as received.'}

Everything below can be checked offline, with standard tools, without trusting Vigil.

1. The files are the ones listed
   sha256sum -c SHA256SUMS
${
  encrypted
    ? `
   The files are encrypted with age (https://age-encryption.org). Decrypt each with the
   identity that belongs to ${p.encryptedTo}:
     age -d -i key.txt -o files/ID/NAME files/ID/NAME.age
   then check the originals:
     sha256sum -c PLAINTEXT-SHA256SUMS
`
    : ''
}
2. Each file was recorded in the custody log when it was taken in
   manifest.json gives, for every item, its SHA-256 and its custody leaf. The leaf is a JSON
   record saved byte for byte in proofs/ID.leaf; it names the item's SHA-256. Its leaf hash,
   as defined by RFC 9162, is
     (printf '\\000'; cat proofs/ID.leaf) | sha256sum
   proofs/ID.json is the RFC 9162 inclusion proof of that leaf in the log of ${p.treeSize} leaves
   whose root is signed in checkpoint.txt. Check every proof with
     python3 verify_proof.py proofs/*.json
   (a short script using only Python's standard library; read it), or with
     vigil custody check-proof proofs/*.json

3. The checkpoint was signed by the organisation's custody key
   checkpoint.txt is a C2SP signed note (https://c2sp.org/signed-note). The signed text is
   checkpoint-body.txt, the Ed25519 signature is checkpoint.sig, the public key
   custody-key.pem (its note form is in custody-verifier.txt). Check with OpenSSL:
     openssl pkeyutl -verify -pubin -inkey custody-key.pem -rawin -in checkpoint-body.txt -sigfile checkpoint.sig
   The root hash in checkpoint-body.txt (line 3, base64) must equal "root" in every proof.
${
  p.timestamped
    ? `
4. The checkpoint existed at the time stated by a time-stamping authority
   checkpoint.tsr is an RFC 3161 timestamp token over checkpoint.txt. With the authority's CA
   certificate (the authority publishes it) saved as tsa-ca.pem:
     openssl ts -verify -data checkpoint.txt -token_in -in checkpoint.tsr -CAfile tsa-ca.pem
     openssl ts -reply -token_in -in checkpoint.tsr -text      # shows the time
`
    : ''
}
${
  witnessed
    ? `
${p.timestamped ? 5 : 4}. Independent witnesses saw this checkpoint, and no other history of the log
   A witness (https://c2sp.org/tlog-witness) is run by someone outside the organisation, a
   partner organisation or a lawyer. It cosigns a checkpoint only after checking that the log
   still contains every checkpoint it cosigned before, so a log rewritten after the fact can
   never again be cosigned by it. The cosignatures are the extra signature lines in
   checkpoint.txt (https://c2sp.org/tlog-cosignature). For each witness, its folder holds the
   exact bytes it signed (cosigned-message.txt: "cosignature/v1", the time, then the checkpoint
   body), the Ed25519 signature and its public key. Check each with OpenSSL:
${p.cosignatures
  .map(
    (
      c,
    ) => `     openssl pkeyutl -verify -pubin -inkey ${c.folder}/witness-key.pem -rawin -in ${c.folder}/cosigned-message.txt -sigfile ${c.folder}/cosignature.sig
       (${c.witness}, cosigned ${c.time})`,
  )
  .join('\n')}
   The end of cosigned-message.txt must be checkpoint-body.txt, byte for byte:
     tail -n +3 WITNESS_FOLDER/cosigned-message.txt | cmp - checkpoint-body.txt
   Do not take a witness's key from this package: ask the witness for it (its note form is in
   witness-verifier.txt) and compare.
`
    : ''
}
A later checkpoint of the same log must contain this one: ask the organisation for a
consistency proof between the two sizes and check it with vigil custody check-proof.
`;
}
