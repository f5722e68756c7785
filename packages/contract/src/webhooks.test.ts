// The Subscriptions API's shapes encode Pleo's optionality and nullability: the model's four
// optional fields (and everything inside endpointAuth) may be left out but never be null, its six
// required fields may not be left out; requests refuse null for optional fields too; an activity
// has exactly the spec's six required fields with operationType one of CREATE, UPDATE, DELETE.
import { describe, expect, it } from 'vitest'
import {
  subscriptionActivityModelSchema,
  subscriptionModelSchema,
  subscriptionRequestSchema,
  subscriptionSecretModelSchema,
} from './webhooks.ts'

const minimal = {
  id: '123e4567-e89b-12d3-a456-426614174000',
  endpointUrl: 'https://example.com/webhook',
  eventTypes: ['v1.export-job.created'],
  status: 'ACTIVE',
  createdAt: '2022-01-01T00:00:00Z',
  updatedAt: '2022-01-10T00:00:00Z',
}

const full = {
  ...minimal,
  customHeaders: { 'x-tenant': 'acme' },
  endpointAuth: {
    type: 'BASIC',
    credentials: { username: 'u', password: 'p', token: 't' },
  },
  deletedAt: '2022-01-11T00:00:00Z',
  deletedBy: 'urn:pleo:company:123e4567-e89b-12d3-a456-426614174000',
}

/** A copy of `value` without `field`. */
const omit = (value: Record<string, unknown>, field: string) =>
  Object.fromEntries(Object.entries(value).filter(([key]) => key !== field))

const parses = (value: unknown) => subscriptionModelSchema.safeParse(value).success

describe('SubscriptionModel', () => {
  it('accepts the required fields alone and every field filled in', () => {
    expect(parses(minimal)).toBe(true)
    expect(parses(full)).toBe(true)
  })

  it.each(['customHeaders', 'endpointAuth', 'deletedAt', 'deletedBy'])(
    'refuses %s sent as null (optional, not nullable: leave it out)',
    (field) => {
      expect(parses({ ...full, [field]: null })).toBe(false)
      expect(parses(omit(full, field))).toBe(true)
    },
  )

  it.each(['type', 'credentials'])('refuses endpointAuth.%s sent as null', (field) => {
    expect(parses({ ...full, endpointAuth: { ...full.endpointAuth, [field]: null } })).toBe(false)
  })

  it.each(['username', 'password', 'token'])(
    'refuses endpointAuth.credentials.%s sent as null',
    (field) => {
      const credentials = { ...full.endpointAuth.credentials, [field]: null }
      expect(parses({ ...full, endpointAuth: { ...full.endpointAuth, credentials } })).toBe(false)
    },
  )

  it.each(Object.keys(minimal))('requires %s', (field) => {
    expect(parses(omit(minimal, field))).toBe(false)
    expect(parses({ ...minimal, [field]: null })).toBe(false)
  })

  it('refuses a status outside ACTIVE/INACTIVE and a repeated event type', () => {
    expect(parses({ ...minimal, status: 'PAUSED' })).toBe(false)
    expect(parses({ ...minimal, eventTypes: ['a', 'a'] })).toBe(false)
  })
})

describe('SubscriptionRequest', () => {
  const request = {
    endpointUrl: 'https://example.com/webhook',
    eventTypes: ['v1.export-job.created'],
  }

  it('defaults status to ACTIVE and endpointAuth.type to NONE', () => {
    const parsed = subscriptionRequestSchema.parse({ ...request, endpointAuth: {} })
    expect(parsed.status).toBe('ACTIVE')
    expect(parsed.endpointAuth).toEqual({ type: 'NONE' })
  })

  it.each(['customHeaders', 'endpointAuth', 'status'])('refuses %s sent as null', (field) => {
    const result = subscriptionRequestSchema.safeParse({ ...request, [field]: null })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.path).toEqual([field])
  })

  it.each(['username', 'password', 'token'])('refuses credentials.%s sent as null', (field) => {
    const endpointAuth = { type: 'BASIC', credentials: { [field]: null } }
    expect(subscriptionRequestSchema.safeParse({ ...request, endpointAuth }).success).toBe(false)
  })
})

describe('SubscriptionActivityModel', () => {
  const activity = {
    id: '123e4567-e89b-12d3-a456-426614174001',
    subscriptionId: minimal.id,
    operationType: 'DELETE',
    description: 'Subscription deleted',
    actorUrn: 'urn:pleo:company:123e4567-e89b-12d3-a456-426614174000',
    createdAt: '2022-01-01T00:00:00Z',
  }

  it('accepts an activity and requires every field', () => {
    expect(subscriptionActivityModelSchema.safeParse(activity).success).toBe(true)
    for (const field of Object.keys(activity)) {
      const without = omit(activity, field)
      expect(subscriptionActivityModelSchema.safeParse(without).success, field).toBe(false)
    }
  })

  it('knows the three operation types only', () => {
    for (const operationType of ['CREATE', 'UPDATE', 'DELETE']) {
      expect(
        subscriptionActivityModelSchema.safeParse({ ...activity, operationType }).success,
      ).toBe(true)
    }
    expect(
      subscriptionActivityModelSchema.safeParse({ ...activity, operationType: 'ROTATE' }).success,
    ).toBe(false)
  })
})

describe('SubscriptionSecretModel', () => {
  it('has an optional, non-nullable secretKey', () => {
    expect(subscriptionSecretModelSchema.safeParse({ secretKey: 'whsec_x' }).success).toBe(true)
    expect(subscriptionSecretModelSchema.safeParse({}).success).toBe(true)
    expect(subscriptionSecretModelSchema.safeParse({ secretKey: null }).success).toBe(false)
  })
})
