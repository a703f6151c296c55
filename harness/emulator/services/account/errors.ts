/** Account Management API errors (restJson1, lower-case `message`). */
import { AwsError } from '../../core/errors.js'

export const accessDenied = (message: string): AwsError =>
  new AwsError('AccessDeniedException', message, { status: 403 })

export const conflict = (message: string): AwsError => new AwsError('ConflictException', message, { status: 409 })

export const tooManyRequests = (message: string): AwsError =>
  new AwsError('TooManyRequestsException', message, { status: 429 })

export const validation = (
  message: string,
  reason: 'invalidRegionOptTarget' | 'fieldValidationFailed',
  field?: string,
): AwsError =>
  new AwsError('ValidationException', message, {
    status: 400,
    fields: { reason, ...(field ? { fieldList: [{ name: field, message }] } : {}) },
  })
