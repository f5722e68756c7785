// fake-pleo/client: the typed client for Pleo's Export API and Subscriptions API (results, not
// throws), webhook verification, and the reference claimer. Works against real Pleo as well.
export * from '@fake-pleo/client'
export * from '@fake-pleo/client/claimer'
