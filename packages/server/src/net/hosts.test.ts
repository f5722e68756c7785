// Host classification behind the control API's Host check and the webhook target rule.
import { describe, expect, it } from 'vitest'
import { isOwnHost, isOwnOrigin } from '../http/control-guard.ts'
import {
  isLinkLocalOrMetadata,
  isLoopbackHost,
  isWildcardHost,
  openControlApiProblem,
} from './hosts.ts'

describe('isLoopbackHost', () => {
  it.each([
    'localhost',
    'LOCALHOST.',
    'app.localhost',
    '127.0.0.1',
    '127.255.0.9',
    '::1',
    '[::1]',
    '::ffff:127.0.0.1',
    '[::ffff:7f00:1]',
  ])('%s is loopback', (host) => expect(isLoopbackHost(host)).toBe(true))
  it.each([
    'localhost.evil.example',
    'evil.example',
    '0.0.0.0',
    '::',
    '10.0.0.1',
    '128.0.0.1',
    '::2',
    'localhostx',
  ])('%s is not', (host) => expect(isLoopbackHost(host)).toBe(false))
})

describe('isWildcardHost', () => {
  it('knows 0.0.0.0 and ::', () => {
    expect(['0.0.0.0', '::', '[::]'].map(isWildcardHost)).toEqual([true, true, true])
    expect(['127.0.0.1', 'example.test'].map(isWildcardHost)).toEqual([false, false])
  })
})

describe('isLinkLocalOrMetadata', () => {
  it.each([
    '169.254.169.254',
    '169.254.0.1',
    'fe80::1',
    '[fe80::abcd]',
    'fd00:ec2::254',
    'metadata.google.internal',
    '100.100.100.200',
    '::ffff:169.254.169.254',
  ])('%s is refused beyond loopback', (host) => expect(isLinkLocalOrMetadata(host)).toBe(true))
  it.each([
    '127.0.0.1',
    'localhost',
    '10.0.0.5',
    '192.168.1.2',
    'hooks.example.test',
    '169.255.0.1',
    'fec0::1',
  ])('%s is not', (host) => expect(isLinkLocalOrMetadata(host)).toBe(false))
})

describe('isOwnHost', () => {
  it('accepts loopback authorities whatever the bind, the bound name, anything on a wildcard', () => {
    expect(isOwnHost('localhost:4010', '127.0.0.1')).toBe(true)
    expect(isOwnHost('[::1]:4010', '127.0.0.1')).toBe(true)
    expect(isOwnHost('Sandbox.LAN:4010', 'sandbox.lan')).toBe(true)
    expect(isOwnHost('[fd00::5]:4010', 'fd00::5')).toBe(true)
    expect(isOwnHost('10.1.2.3:4010', '0.0.0.0')).toBe(true)
  })
  it('refuses foreign and malformed authorities', () => {
    expect(isOwnHost('evil.example:4010', '127.0.0.1')).toBe(false)
    expect(isOwnHost('other.lan', 'sandbox.lan')).toBe(false)
    expect(isOwnHost('', '127.0.0.1')).toBe(false)
    expect(isOwnHost('a b', '127.0.0.1')).toBe(false)
  })
})

describe('isOwnOrigin', () => {
  it('is the same scheme-less authority over http(s)', () => {
    expect(isOwnOrigin('http://127.0.0.1:4010', '127.0.0.1:4010')).toBe(true)
    expect(isOwnOrigin('https://localhost', 'localhost:443')).toBe(false)
    expect(isOwnOrigin('http://localhost', 'localhost:80')).toBe(true)
    expect(isOwnOrigin('http://127.0.0.1:4011', '127.0.0.1:4010')).toBe(false)
    expect(isOwnOrigin('null', '127.0.0.1:4010')).toBe(false)
    expect(isOwnOrigin('chrome-extension://abc', 'abc')).toBe(false)
  })
})

describe('openControlApiProblem', () => {
  it('refuses an open control API beyond loopback, and only there', () => {
    expect(openControlApiProblem({ host: '0.0.0.0', adminToken: undefined })).toMatch(
      /--admin-token/,
    )
    expect(openControlApiProblem({ host: '0.0.0.0', adminToken: 't' })).toBeUndefined()
    expect(openControlApiProblem({ host: '127.0.0.1', adminToken: undefined })).toBeUndefined()
    expect(openControlApiProblem({ host: 'localhost', adminToken: undefined })).toBeUndefined()
  })
})
