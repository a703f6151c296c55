/**
 * The least the management-account identity needs for harness to provision on real AWS; the README
 * and `harness run --target aws` docs print this. The organization also needs all features and
 * trusted access for account.amazonaws.com (organizations:EnableAWSServiceAccess, once, by an admin).
 */
export const MANAGEMENT_PERMISSIONS_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'VendAccounts',
      Effect: 'Allow',
      Action: [
        'organizations:CreateAccount',
        'organizations:DescribeCreateAccountStatus',
        // Finds a CreateAccount request whose answer was lost, instead of creating a second account.
        'organizations:ListCreateAccountStatus',
        'organizations:TagResource',
        'organizations:ListRoots',
        'organizations:MoveAccount',
        'organizations:CloseAccount',
        // Verifies a close (PENDING_CLOSURE/SUSPENDED); quota preflight and sweep read accounts and tags.
        'organizations:DescribeAccount',
        'organizations:ListAccounts',
        'organizations:ListTagsForResource',
      ],
      Resource: '*',
    },
    {
      Sid: 'EnableOptInRegions',
      Effect: 'Allow',
      Action: ['account:GetRegionOptStatus', 'account:EnableRegion'],
      Resource: '*',
    },
    {
      Sid: 'AdministerVendedAccounts',
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Resource: 'arn:aws:iam::*:role/OrganizationAccountAccessRole',
    },
  ],
} as const
