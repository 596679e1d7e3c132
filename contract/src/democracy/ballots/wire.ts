import { z } from 'zod';

// The bulletin board's JSON shapes, apart from the arithmetic (board.ts), so the API's contract can
// name them without bringing the curve into every page that reads a vote.

export const BOARD_FORMAT = 'gonghui-bulletin-board/1';

export const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
export const pointWire = hex64;
export const scalarWire = hex64;
export const branchWire = z.strictObject({ A: pointWire, B: pointWire, c: scalarWire, v: scalarWire });
export const knowledgeWire = z.strictObject({ A: pointWire, c: scalarWire, v: scalarWire });
export const ciphertextWire = z.strictObject({ a: pointWire, b: pointWire });

export const boardTrusteeSchema = z.strictObject({
  index: z.number().int().min(1).max(100),
  name: z.string().max(200),
  transportKey: pointWire,
  coefficients: z.array(pointWire).min(1).max(100),
  proof: knowledgeWire,
});

export const boardParametersSchema = z.strictObject({
  /** The vote's own identifier on this deployment, and the deployment's, so no two boards share it. */
  election: z.string().min(1).max(200),
  title: z.string().max(500),
  kind: z.enum(['motion', 'election']),
  options: z.array(z.string().max(500)).min(1).max(500),
  maxChoices: z.number().int().min(1).max(500),
  threshold: z.number().int().min(1).max(100),
  trustees: z.array(boardTrusteeSchema).min(1).max(100),
});
export type BoardParameters = z.infer<typeof boardParametersSchema>;

export const wireBallotSchema = z.strictObject({
  formKey: z.string().regex(/^[0-9a-f]{32}$/),
  marks: z.array(z.strictObject({ ciphertext: ciphertextWire, proof: z.array(branchWire).max(2) })).max(501),
  sumProof: z.array(branchWire).max(501),
});
export type WireBallot = z.infer<typeof wireBallotSchema>;

/**
 * Every key a wire ballot's objects have, in the order canonical JSON writes them (each object's
 * own keys sorted: formKey, marks, sumProof; ciphertext, proof; a, b; A, B, c, v).
 */
const WIRE_BALLOT_KEYS = ['formKey', 'marks', 'sumProof', 'ciphertext', 'proof', 'a', 'b', 'A', 'B', 'c', 'v'];

/**
 * A wire ballot's canonical JSON (what its tracker hashes), by the engine's own serializer: the
 * same text as `canonicalJson` for a ballot that `wireBallotSchema` accepts, about twenty times
 * faster, which matters where a server takes a thousand ballots a second.
 */
export const wireBallotJson = (ballot: WireBallot) => JSON.stringify(ballot, WIRE_BALLOT_KEYS);

export const boardSchema = z.strictObject({
  format: z.literal(BOARD_FORMAT),
  parameters: boardParametersSchema,
  fingerprint: hex64,
  publicKey: pointWire,
  /** One entry per voter on the roll: a hash that names no one to a reader without the salt. */
  roll: z.array(z.strictObject({ entry: hex64, weight: z.number().int().min(1).max(1_000_000), proxy: z.boolean() })),
  ballots: z.array(
    z.strictObject({ tracker: hex64, weight: z.number().int().min(1).max(1_000_000), ballot: wireBallotSchema }),
  ),
  tally: z
    .strictObject({
      ciphertexts: z.array(ciphertextWire),
      shares: z.array(
        z.strictObject({
          trustee: z.number().int().min(1).max(100),
          parts: z.array(z.strictObject({ share: pointWire, proof: branchWire })),
        }),
      ),
      totals: z.array(z.number().int().min(0)),
    })
    .nullable(),
});
export type Board = z.infer<typeof boardSchema>;

/** A trustee's first-round publication, as it sends it (its name is the platform's to add). */
export const commitmentWireSchema = boardTrusteeSchema.omit({ name: true });
export type CommitmentWire = z.infer<typeof commitmentWireSchema>;

/** A share of the key ceremony in transit, sealed to its recipient's transport key. */
export const sealedShareWireSchema = z.strictObject({
  from: z.number().int().min(1).max(100),
  to: z.number().int().min(1).max(100),
  ephemeral: pointWire,
  masked: scalarWire,
});
export type SealedShareWire = z.infer<typeof sealedShareWireSchema>;

/** A trustee's decryption share of one of the tally's ciphertexts, with its proof. */
export const decryptionPartWireSchema = z.strictObject({ share: pointWire, proof: branchWire });
