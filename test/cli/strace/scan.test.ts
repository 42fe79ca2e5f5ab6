import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { closingParen, splitArgs, stripComments } from '../../../src/cli/strace/scan.js'

describe('closingParen', () => {
  it('skips nested brackets, strings with parentheses and comments', () => {
    const text = 'a, [b, (c)], {d=1}, "x) = 1\\" (", 0x1 /* ) */) = 0'
    expect(text.slice(closingParen(text, 0))).toBe(') = 0')
  })
  it('is -1 for an unfinished argument list', () => {
    expect(closingParen('NULL, 4096, PROT_READ <unfinished ...>', 0)).toBe(-1)
    expect(closingParen('"unterminated', 0)).toBe(-1)
  })
  it('reads a truncated string "..."... as one string', () => {
    const text = '"abc"..., 5) = 1'
    expect(text.slice(closingParen(text, 0))).toBe(') = 1')
  })
})

describe('splitArgs', () => {
  it('splits at top-level commas only', () => {
    expect(splitArgs('NULL, [1, 2], {a=1, b=2}, "x, y", f(1, 2)')).toEqual([
      'NULL',
      '[1, 2]',
      '{a=1, b=2}',
      '"x, y"',
      'f(1, 2)',
    ])
  })
  it('keeps truncated arrays and an empty list empty', () => {
    expect(splitArgs('["ls", "-l"...], 0x7ffd /* 41 vars */')).toEqual(['["ls", "-l"...]', '0x7ffd /* 41 vars */'])
    expect(splitArgs('')).toEqual([])
  })
  test.prop([fc.array(fc.stringMatching(/^[A-Za-z0-9_|]{1,12}$/), { minLength: 1, maxLength: 8 })])(
    'joining simple tokens with ", " and splitting gives them back',
    (tokens) => {
      expect(splitArgs(tokens.join(', '))).toEqual(tokens)
    },
  )
})

it('stripComments removes strace explanations', () => {
  expect(stripComments('0x1092 /* MADV_??? */')).toBe('0x1092')
})
