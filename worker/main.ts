import { expose } from 'comlink'
import { createRuntime } from './runtime.ts'

expose(createRuntime())
