/**
 * Hostile values, as a user trying to break the library would pass them:
 * Proxies whose traps throw, revoked Proxies, throwing getters,
 * null-prototype objects, objects that lie about themselves.
 */

/** What hostile user code throws: the library may let exactly this through (from a backend or callback), nothing else. */
export class HostileError extends Error {
  constructor(where: string) {
    super(`hostile: ${where}`)
    this.name = 'HostileError'
  }
}

/** A Proxy of `target` whose every trap throws a {@link HostileError}. */
export const throwingProxy = <T extends object>(target: T = {} as T): T =>
  new Proxy(target, {
    get: (_t, key) => {
      throw new HostileError(`get ${String(key)}`)
    },
    has: () => {
      throw new HostileError('has')
    },
    ownKeys: () => {
      throw new HostileError('ownKeys')
    },
    getOwnPropertyDescriptor: () => {
      throw new HostileError('getOwnPropertyDescriptor')
    },
    getPrototypeOf: () => {
      throw new HostileError('getPrototypeOf')
    },
    isExtensible: () => {
      throw new HostileError('isExtensible')
    },
    apply: () => {
      throw new HostileError('apply')
    },
  })

/** A revoked Proxy: every operation on it is a TypeError thrown by the engine. */
export const revokedProxy = (): object => {
  const { proxy, revoke } = Proxy.revocable({}, {})
  revoke()
  return proxy
}

/** An object without a prototype: `String(value)` throws a TypeError. */
export const nullProto = (props: Record<string, unknown> = {}): object =>
  Object.assign(Object.create(null) as object, props)

/** An object whose listed properties are getters that throw. */
export const throwingGetters = (keys: readonly string[], prototype: object | null = Object.prototype): object => {
  const value = Object.create(prototype) as object
  for (const key of keys) {
    Object.defineProperty(value, key, {
      get: () => {
        throw new HostileError(`getter ${key}`)
      },
    })
  }
  return value
}

/** An object whose `key` answers `first` to the first read and `later` to every read after it. */
export const fickle = <T extends object>(target: T, key: string, first: unknown, later: unknown): T => {
  let reads = 0
  return new Proxy(target, {
    get: (t, k, receiver) => (k === key ? (reads++ === 0 ? first : later) : Reflect.get(t, k, receiver)),
  })
}
