import { describe, expect, it } from 'vitest'
import { readForm, unflattenForm } from './form.js'

const QUERY = new Set(['member'])
const EC2 = new Set<string>()

describe('unflattenForm', () => {
  const cases: Array<{ name: string; form: string; skip: ReadonlySet<string>; expected: Record<string, unknown> }> = [
    {
      name: 'query lists of structures (Tags.member.N.Key)',
      form: 'Action=TagRole&Version=2010-05-08&RoleName=r&Tags.member.1.Key=team&Tags.member.1.Value=a&Tags.member.2.Key=env&Tags.member.2.Value=b',
      skip: QUERY,
      expected: {
        RoleName: 'r',
        Tags: [
          { Key: 'team', Value: 'a' },
          { Key: 'env', Value: 'b' },
        ],
      },
    },
    {
      name: 'query lists of scalars, ordered by index not by position',
      form: 'TransitiveTagKeys.member.2=b&TransitiveTagKeys.member.1=a',
      skip: QUERY,
      expected: { TransitiveTagKeys: ['a', 'b'] },
    },
    {
      name: 'query lowercase member names (PolicyArns.member.1.arn)',
      form: 'PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FX',
      skip: QUERY,
      expected: { PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/X' }] },
    },
    {
      name: 'query empty list is a bare name',
      form: 'Tags=',
      skip: QUERY,
      expected: { Tags: '' },
    },
    {
      name: 'ec2 nested lists (TagSpecification.1.Tag.1.Key)',
      form: 'TagSpecification.1.ResourceType=instance&TagSpecification.1.Tag.1.Key=team&TagSpecification.1.Tag.1.Value=a',
      skip: EC2,
      expected: { TagSpecification: [{ ResourceType: 'instance', Tag: [{ Key: 'team', Value: 'a' }] }] },
    },
    {
      name: 'ec2 filters with value lists and id lists',
      form: 'InstanceId.1=i-1&InstanceId.2=i-2&Filter.1.Name=tag%3Ateam&Filter.1.Value.1=a&Filter.1.Value.2=b',
      skip: EC2,
      expected: { InstanceId: ['i-1', 'i-2'], Filter: [{ Name: 'tag:team', Value: ['a', 'b'] }] },
    },
    {
      name: 'ec2 keeps a member literally named "member" when no index follows',
      form: 'Foo.member=x',
      skip: EC2,
      expected: { Foo: { member: 'x' } },
    },
    {
      name: 'prototype-polluting keys are dropped',
      form: '__proto__.polluted=1&a.constructor.x=2&ok=1',
      skip: QUERY,
      expected: { ok: '1' },
    },
  ]

  it.each(cases)('$name', ({ form, skip, expected }) => {
    expect(unflattenForm(new URLSearchParams(form), skip)).toEqual(expected)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('merges the query string and the form body', () => {
    const form = readForm(Buffer.from('Action=GetRole&RoleName=x'), new URLSearchParams('Version=2010-05-08'))
    expect(Object.fromEntries(form)).toEqual({ Version: '2010-05-08', Action: 'GetRole', RoleName: 'x' })
  })
})
