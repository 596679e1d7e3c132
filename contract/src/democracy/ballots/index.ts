// Secret ballots that anyone can verify (issue 23): the group, the proofs, the trustees' key
// ceremony and decryption, the ballot, and the bulletin board with its verifier. Imported by its own
// path (`@gonghui/contract/ballots`), so only the pages and commands that need it load the curve.
export * from './ballot';
export * from './board';
export {
  BallotFormatError,
  challenge,
  lagrangeAtZero,
  pointFrom,
  pointHex,
  randomScalar,
  scalarFrom,
  scalarHex,
} from './group';
export * from './proofs';
export * from './simulation';
export * from './trustees';
