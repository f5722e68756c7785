// The server's one exception type: built from the contract's error catalogue, it renders its own
// `{type, message}` response. Validation failures become BAD_REQUEST naming field and reason.
import { errorBody, errorStatus, type ErrorCode } from '@fake-pleo/contract'
import type { z } from 'zod'
import { jsonMediaType } from './http/media-type.ts'

export class ApiError extends Error {
  readonly code: ErrorCode
  readonly status: number
  readonly headers: Record<string, string>

  constructor(code: ErrorCode, message?: string, headers: Record<string, string> = {}) {
    const body = errorBody(code, message)
    super(body.message)
    this.code = code
    this.status = errorStatus(code)
    this.headers = headers
  }

  toResponse(): Response {
    return new Response(JSON.stringify(errorBody(this.code, this.message)), {
      status: this.status,
      headers: { 'content-type': jsonMediaType, ...this.headers },
    })
  }
}

const targetNames: Record<string, string> = {
  json: 'body',
  query: 'query parameter',
  param: 'path parameter',
  header: 'header',
  form: 'form field',
}

function describeIssues(issues: readonly z.core.$ZodIssue[], target: string): string {
  const where = targetNames[target] ?? target
  return issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path.map(String).join('.')
      const field = path === '' ? where : `${where} field '${path}'`
      if (issue.code === 'unrecognized_keys') {
        return `${field}: unknown field(s) ${issue.keys.map((k) => `'${k}'`).join(', ')}`
      }
      return `${field}: ${issue.message}`
    })
    .join('; ')
}

export function validationError(issues: readonly z.core.$ZodIssue[], target: string): ApiError {
  return new ApiError('BAD_REQUEST', describeIssues(issues, target))
}
