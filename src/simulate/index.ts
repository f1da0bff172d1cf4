/** Simulate: writes labelled, realistic log scenarios with their ground truth; never reads or detects. */
export { DEFAULT_SEED, type SimulateOptions, simulateBruteforce } from './bruteforce.ts';
export type { CombinedFinding, FileEntry, Finding, GroundTruth, Label, Role } from './ground-truth.ts';
