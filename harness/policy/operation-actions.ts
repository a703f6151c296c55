/**
 * API operations AWS authorizes under another action's name, keyed as a step's recorded call is
 * (`<iam prefix>:<operation>`, runtime/step-calls.ts). S3: "HeadBucket: To use this operation, you must have
 * permissions to perform the s3:ListBucket action", HeadObject needs s3:GetObject, and the rest of the table
 * of https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html; Lambda's Invoke
 * is lambda:InvokeFunction (Service Authorization Reference, AWS Lambda). The emulator's S3 authorizer
 * (emulator/services/s3/authorize.ts ACTION_ALIASES) serves the same table.
 */
const OPERATION_ACTIONS: Readonly<Record<string, string>> = {
  's3:headbucket': 's3:ListBucket',
  's3:headobject': 's3:GetObject',
  's3:listobjects': 's3:ListBucket',
  's3:listobjectsv2': 's3:ListBucket',
  's3:listbuckets': 's3:ListAllMyBuckets',
  's3:deletebuckettagging': 's3:PutBucketTagging',
  's3:createmultipartupload': 's3:PutObject',
  's3:uploadpart': 's3:PutObject',
  's3:completemultipartupload': 's3:PutObject',
  's3:deleteobjects': 's3:DeleteObject',
  'lambda:invoke': 'lambda:InvokeFunction',
}

/** The IAM action AWS checks for a call (`s3:HeadBucket` → `s3:ListBucket`); the call itself when it is one. */
export function iamActionOfCall(call: string): string {
  return OPERATION_ACTIONS[call.toLowerCase()] ?? call
}

/** Whether `action` is the permission `operation` of `action`'s service is itself authorized as. */
export function isOperationsOwnAction(operation: string, action: string): boolean {
  const [service = ''] = action.split(':')
  return iamActionOfCall(`${service}:${operation}`).toLowerCase() === action.toLowerCase()
}
