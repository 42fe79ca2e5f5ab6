import { expect, it } from 'vitest'
import { AddressSpace, errno, isErrno } from '../../src/linux/index.js'

it('errno builds a frozen tagged value; kernelState only when given', () => {
  const plain = errno('EINVAL', 'bad')
  expect(plain).toEqual({ _tag: 'Errno', code: 'EINVAL', message: 'bad' })
  expect(Object.isFrozen(plain)).toBe(true)
  expect('kernelState' in plain).toBe(false)
  const space = AddressSpace.empty()
  expect(errno('ENOMEM', 'hole', space).kernelState).toBe(space)
})

it('isErrno recognises errno values only', () => {
  expect(isErrno(errno('EFAULT', 'x'))).toBe(true)
  for (const other of [null, undefined, 1, 'EINVAL', { _tag: 'Left' }, new Error('x')])
    expect(isErrno(other)).toBe(false)
})
