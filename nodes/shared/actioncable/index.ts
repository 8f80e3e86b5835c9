export type { CableClientOptions, CableClientState, CableTiming, ConnectedInfo } from './client';
export { CableClient, DEFAULT_CABLE_TIMING } from './client';
export type { CableErrorKind, ConnectionEnd, ConnectionEndReason } from './errors';
export { CableError, describeEnd, isFatal, markFatal } from './errors';
export type { CableParams } from './frames';
export { ACTIONCABLE_SUBPROTOCOL, cableHostAllowed, cableUrlFor, hostList, identifierFor, originFor } from './frames';
