// A drand beacon round's BLS signature, as drand's schemes define it (docs/spec/08, 6): the
// `default` chain signs SHA-256(previous signature ‖ round) in G2 under a key in G1
// (pedersen-bls-chained); `quicknet` signs SHA-256(round) in G1 under a key in G2
// (bls-unchained-g1-rfc9380). Rounds are 8-byte big-endian. The keys are the chains' published
// ones.

import { bls12_381 } from '@noble/curves/bls12-381.js';
import { fromHex } from './bytes.js';
import { sha256 } from './sha256.js';

export const CHAINS = {
  quicknet: {
    hash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
    genesis: 1692803367n,
    period: 3n,
    key: '83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a',
    chained: false,
  },
  default: {
    hash: '8990e7a9aaed2ffed73dbd7092123d6f289930540d7651336225dc172e51b2ce',
    genesis: 1595431050n,
    period: 30n,
    key: '868f005eb8e6e4ca0a47c8a77ceaa5309a47978a7c71bc5cce96366b5d7a569937c529eeda66c7293784a9402801af31',
    chained: true,
  },
};

const roundBytes = (round) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(round));
  return b;
};

/** Does `signature` (hex) sign `round` of the chain? (`previous` hex: the chained scheme's.) */
export function beaconSigned(chain, round, signature, previous) {
  const c = CHAINS[chain];
  if (c === undefined || !Number.isSafeInteger(round) || round < 1 || typeof signature !== 'string') return false;
  try {
    if (c.chained) {
      const sigs = bls12_381.longSignatures;
      const message = sha256(fromHex(previous ?? ''), roundBytes(round));
      return sigs.verify(fromHex(signature), sigs.hash(message, 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_'), fromHex(c.key));
    }
    const sigs = bls12_381.shortSignatures;
    const message = sha256(roundBytes(round));
    return sigs.verify(fromHex(signature), sigs.hash(message, 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_'), fromHex(c.key));
  } catch {
    return false;
  }
}
