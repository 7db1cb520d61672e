// No import circle in src: not between files (with type imports), not between folders (features/<area>, stores,
// components, modules, db, sync, sync/core, domain), so each layer can be read, tested and changed from below.
import { describe, expect, it } from 'vitest'
import { projectRoot } from '../sql/db'
import { structureOf } from './structure'

describe('the structure of src', () => {
  const structure = structureOf(projectRoot)

  it('has no import circle between files, type imports included', () => {
    expect(structure.circles.filesWithTypes).toEqual([])
  })

  it('has no import circle between folders: an area never imports another, a layer never one above it', () => {
    expect(structure.circles.folders).toEqual([])
  })
})
