export declare const PYTHON_MINOR: number
export declare function platformTags(abiVersion: string): string[]
export declare function parseWheelName(fileName: string): { distribution: string; version: string; python: string[]; abi: string[]; platform: string[] } | undefined
export declare function wheelScore(fileName: string, abiVersion: string, pythonMinor?: number): 0 | 1 | 2 | 3
export declare function pythonMinorOf(lockInfo: { python?: string } | undefined): number
export declare function sameVersion(a: string, b: string): boolean
