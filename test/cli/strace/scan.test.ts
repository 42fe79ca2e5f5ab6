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
  it.each([
    // A comment is skipped whole, from its `/*` to the first `*/` after it.
    ['0x1 /* a ) b */) = 0', 15],
    // The `/` of `/*` cannot also be the end of `*/`.
    ['0x1 /*/ ) */) = 0', 12],
    // The `/` of `*/` cannot open another comment.
    ['/* a */*b) = 0', 9],
    // Text cut off inside a comment or a string ends the scan.
    ['/* ) cut', -1],
    ['"abc) = 0', -1],
    // A closer that does not match the open bracket ends it too.
    ['[1) = 0', -1],
    ['{a=[1}, 2) = 0', -1],
    // A -y decoration (`<` right after a word character) is skipped to its `>`: strace
    // prints brackets, commas, quotes (as \") and `/*` in a path raw.
    [String.raw`3</a)b>) = 0`, 7],
    [String.raw`3</a\"b(>, 0) = 0`, 12],
    [String.raw`AT_FDCWD</x/*y>, "f") = 3`, 20],
    // ... and a decoration cut off ends the scan, while a `<` after a blank is plain text.
    ['3</a)b', -1],
    ['1 <) = 0', 3],
    ['<a) = 0', 2],
    // A `/` or `*` alone opens no comment.
    ['a/b, 2*3) = 0', 8],
  ])('closingParen(%j, 0) is %i', (text, index) => {
    expect(closingParen(text, 0)).toBe(index)
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
  it.each([
    // Commas inside a comment or a string do not split.
    ['0x1 /* a, b */, 2', ['0x1 /* a, b */', '2']],
    ['0x1 /*/ a, b */, 2', ['0x1 /*/ a, b */', '2']],
    ['/* a */ 1, 2', ['/* a */ 1', '2']],
    ['/* a */* b, c', ['/* a */* b', 'c']],
    // Text cut off inside a comment or a string is one last piece.
    ['/* a, b', ['/* a, b']],
    ['1, "a, b', ['1', '"a, b']],
    // A comma inside a -y decoration does not split; one cut off is the last piece.
    [String.raw`NULL, 3</a,b\"c>, 0`, ['NULL', String.raw`3</a,b\"c>`, '0']],
    ['3</a, b', ['3</a, b']],
    ['1 <, 2>', ['1 <', '2>']],
    ['<a, b>', ['<a', 'b>']],
    ['a/b, 2*3, 4', ['a/b', '2*3', '4']],
    // An empty last argument after a comma is kept (`wait4(6680,  <unfinished ...>`).
    ['6680, ', ['6680', '']],
  ])('splitArgs(%j)', (text, args) => {
    expect(splitArgs(text)).toEqual(args)
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
  expect(stripComments('0x7ffd /* 41 vars */ /* x */')).toBe('0x7ffd')
  // Text without a comment is left as it is.
  expect(stripComments(' 4096 ')).toBe(' 4096 ')
  // A -y decoration is a path, even where it looks like a comment.
  expect(stripComments('3</tmp/*a*/b> /* fd */')).toBe('3</tmp/*a*/b>')
  expect(stripComments('AT_FDCWD</x/*y*/>')).toBe('AT_FDCWD</x/*y*/>')
})
