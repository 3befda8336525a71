import { expect, test } from 'vitest'
import { buildTestDistribution } from '../../science/setup.ts'

test('the science tests fail, saying what is missing, when the shared release files are not there', async () => {
  await expect(buildTestDistribution('/nonexistent/pyodide-dist/0.27.7')).rejects.toThrow(
    'The science tests need the Pyodide 0.27.7 release files in /nonexistent/pyodide-dist/0.27.7 (numpy, pandas, matplotlib, scipy, scikit-learn, Pillow wheels and their dependencies), and it is missing.',
  )
})
