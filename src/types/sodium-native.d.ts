/** The few libsodium calls Vigil makes, with the signatures of sodium-native 4 (its package ships no types). */
declare module 'sodium-native' {
  type Bytes = Uint8Array;
  /** Seals `message` into `ciphertext` (its length plus the 16-byte tag); returns the bytes written. */
  export function crypto_aead_chacha20poly1305_ietf_encrypt(ciphertext: Bytes, message: Bytes, ad: Bytes | null, nsec: null, nonce: Bytes, key: Bytes): number;
  /** Opens `ciphertext` into `message` (its length less the tag); throws when it does not authenticate. */
  export function crypto_aead_chacha20poly1305_ietf_decrypt(message: Bytes, nsec: null, ciphertext: Bytes, ad: Bytes | null, nonce: Bytes, key: Bytes): number;
}
