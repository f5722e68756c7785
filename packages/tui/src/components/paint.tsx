// Coloured text that honours NO_COLOR: <Paint> is Ink's <Text> whose colour is dropped when the
// app runs without colours (markers such as ✓ ✗ ! carry the meaning either way).
// @jsxRuntime automatic (the file compiles the same under any loader or bundler config)
import { Text, type TextProps } from 'ink'
import { createContext, useContext } from 'react'

export const ColorContext = createContext(true)

/** Colours are wanted unless NO_COLOR is set to a non-empty value (see no-color.org). */
export const colorsWanted = (env: NodeJS.ProcessEnv = process.env): boolean =>
  (env.NO_COLOR ?? '') === ''

export function Paint({ color, ...props }: TextProps) {
  const colored = useContext(ColorContext)
  return <Text {...props} {...(colored && color !== undefined ? { color } : {})} />
}
