/**
 * Scanning strace's argument text: top-level commas and the parenthesis that
 * closes a call, skipping nested brackets, quoted strings, comments and `-y`
 * decorations.
 *
 * @packageDocumentation
 */

const opening: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' }

/**
 * The index of the `)` that closes the argument list starting at `from`
 * (just after the call's `(`), or -1 when the text ends first (an unfinished
 * call, or a line cut short).
 */
export const closingParen = (text: string, from: number): number => {
  const stack: string[] = []
  for (let i = from; i < text.length; i++) {
    const c = text.charAt(i)
    if (c === '"') {
      i = stringEnd(text, i)
      if (i < 0) return -1
    } else if (decorates(text, i)) {
      i = text.indexOf('>', i)
      if (i < 0) return -1
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2)
      if (end < 0) return -1
      i = end + 1
    } else if (opening[c] !== undefined) {
      stack.push(opening[c])
    } else if (c === ')' && stack.length === 0) {
      return i
    } else if (c === ')' || c === ']' || c === '}') {
      // A mismatched closer (strace never prints one) ends the scan here.
      if (stack.pop() !== c) return -1
    }
  }
  return -1
}

/**
 * The index of the closing quote of the string opening at `at`, or -1. strace
 * marks a truncated string with dots after its quote, `"abc"...`: the scanners
 * step over them as plain text.
 */
const stringEnd = (text: string, at: number): number => {
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] === '\\') i++
    else if (text[i] === '"') return i
  }
  return -1
}

/**
 * Whether a `<` at `at` opens a `-y` decoration, `3</tmp/a(b>` or
 * `AT_FDCWD</home>`: it follows a word character, where the `<` of a note such
 * as ` <unfinished ...>` follows a blank. strace prints the path raw except
 * for `<`, `>` (as `\74`, `\76`), `\` and `"` (as `\\`, `\"`), so the next `>`
 * closes it, and brackets, quotes, commas and `/*` inside are part of the path.
 */
const decorates = (text: string, at: number): boolean => text[at] === '<' && /\w/.test(text[at - 1] ?? '')

/** Splits an argument list at its top-level commas; each piece is trimmed. */
export const splitArgs = (text: string): readonly string[] => {
  const args: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '"') {
      const end = stringEnd(text, i)
      i = end < 0 ? text.length : end
    } else if (decorates(text, i)) {
      const end = text.indexOf('>', i)
      i = end < 0 ? text.length : end
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2)
      i = end < 0 ? text.length : end + 1
    } else if (c === '(' || c === '[' || c === '{') depth++
    else if (c === ')' || c === ']' || c === '}') depth--
    else if (c === ',' && depth === 0) {
      args.push(text.slice(start, i).trim())
      start = i + 1
    }
  }
  const last = text.slice(start).trim()
  if (last !== '' || args.length > 0) args.push(last)
  return args
}

/**
 * Removes `/* ... *\/` comments (strace's explanations of numeric values),
 * leaving `-y` decorations whole: `3</tmp/*a*\/>` names a file.
 */
export const stripComments = (text: string): string =>
  text.includes('/*')
    ? text.replace(/(\w<[^>]*>)|\/\*.*?\*\//g, (_, decoration?: string) => decoration ?? '').trim()
    : text
