// The pure rules of Zhibu: no Vue, Dexie, network or clock; time, policies and rows come in as arguments.
export * from './types'
export * from './collections'
export * from './shanghai'
export * from './orgs'
export * from './quorum'
export * from './completeness'
export * from './funding'
export * from './alerts'
