// @fake-pleo/cli: the command line's entry point, for embedding and tests.
export { main } from './main.ts'
export { parseServeArgs, serveCommand } from './serve.ts'
export { listenCommand, parseListenArgs } from './listen.ts'
export { createReceiver, type Delivery, type ReceiverOptions } from './webhook-receiver.ts'
