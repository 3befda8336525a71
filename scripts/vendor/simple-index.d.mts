export interface IndexFile { filename: string; url: string; sha256: string | undefined }
export declare function listProjectFiles(indexUrl: string, project: string, options: { timeoutMs: number }): Promise<IndexFile[]>
export declare function parseJsonPage(text: string, pageUrl: string): IndexFile[]
export declare function parseHtmlPage(text: string, pageUrl: string): IndexFile[]
