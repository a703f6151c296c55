import { describe, expect, it } from 'vitest'
import { escapeXml, toXml } from './xml.js'

describe('toXml', () => {
  it.each([
    {
      name: 'query lists use <member>',
      value: { Tags: [{ Key: 'a' }] },
      tag: 'member' as const,
      xml: '<Tags><member><Key>a</Key></member></Tags>',
    },
    {
      name: 'ec2 lists use <item>',
      value: { set: ['x', 'y'] },
      tag: 'item' as const,
      xml: '<set><item>x</item><item>y</item></set>',
    },
    {
      name: 'dates are ISO 8601, booleans true/false, numbers plain',
      value: { at: new Date('2024-01-02T03:04:05Z'), ok: false, n: 3 },
      tag: 'item' as const,
      xml: '<at>2024-01-02T03:04:05.000Z</at><ok>false</ok><n>3</n>',
    },
    {
      name: 'null and undefined members are omitted',
      value: { a: undefined, b: null, c: '' },
      tag: 'member' as const,
      xml: '<c></c>',
    },
    {
      name: 'text is escaped',
      value: { Doc: '{"a":"<b>&"}' },
      tag: 'member' as const,
      xml: '<Doc>{"a":"&lt;b&gt;&amp;"}</Doc>',
    },
  ])('$name', ({ value, tag, xml }) => {
    expect(toXml(value, tag)).toBe(xml)
  })

  it('escapes markup characters and carriage returns in text', () => {
    expect(escapeXml(`<a href="x">&'\r</a>`)).toBe(`&lt;a href="x"&gt;&amp;'&#13;&lt;/a&gt;`)
  })
})
