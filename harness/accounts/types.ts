// The provisioning types live with credentials (the lower layer), so credentials/ never imports accounts/.
export type * from '../credentials/types.js'
