// The new-pairing form: who may be chosen (the same rules as the server's trigger), its checks as i18n keys
// beside the fields (nothing is saved on bad input), and the write through the pairings repository.
import { computed, reactive, ref, watch, type Ref } from 'vue'
import {
  fitsTrack, menteeCandidates, mentorCandidates, PAIRING_TRACKS, validatePairing,
  type IsoDate, type PairingDraft, type PairingErrors, type PairingTrack, type Person,
} from '../../domain'
import { type Local, usePairingsStore } from '../../stores/pairings'
import { useLiveData } from '../../components/useLiveData'

export interface PairingFormStart {
  mentee?: string | null
  track?: string | null
}

const isTrack = (v: unknown): v is PairingTrack => PAIRING_TRACKS.includes(v as PairingTrack)

export function usePairingForm(branchId: Ref<string | null>, today: IsoDate, start: PairingFormStart = {}) {
  const store = usePairingsStore()
  const people = useLiveData<Local<Person>[]>(
    () => (branchId.value ? store.peopleOf(branchId.value) : Promise.resolve([])), [branchId], 'pairings: people')
  const values = reactive<PairingDraft>({
    mentor_id: null,
    mentee_id: start.mentee ?? null,
    track: isTrack(start.track) ? start.track : 'backbone_to_member',
    started_on: today,
    goal: '',
  })
  const errors = ref<PairingErrors>({})
  const saving = ref(false)
  const all = computed(() => people.data.value ?? [])
  const mentors = computed(() => (branchId.value ? mentorCandidates(all.value, branchId.value, today) : []))
  const mentees = computed(() =>
    (branchId.value ? menteeCandidates(all.value, branchId.value, values.track, values.mentor_id, today) : []))

  // a mentee who no longer fits the chosen track is cleared rather than silently kept
  watch(() => values.track, (track) => {
    const mentee = all.value.find((p) => p.id === values.mentee_id)
    if (mentee && !fitsTrack(mentee, track)) values.mentee_id = null
  })
  // errors go away as the user fixes them
  watch(values, () => {
    if (Object.keys(errors.value).length && branchId.value) errors.value = validatePairing(values, all.value, branchId.value, today)
  })

  /** Saves and returns the new pairing's id, or null when the checks failed (errors hold why). */
  async function save(): Promise<string | null> {
    const branch = branchId.value
    if (!branch) return null
    errors.value = validatePairing(values, all.value, branch, today)
    if (Object.keys(errors.value).length > 0 || !values.mentor_id || !values.mentee_id) return null
    saving.value = true
    try {
      const id = crypto.randomUUID()
      await store.add({
        id, branch_id: branch, mentor_id: values.mentor_id, mentee_id: values.mentee_id, track: values.track,
        started_on: values.started_on, goal: values.goal.trim(), status: 'active', ended_on: null,
      })
      return id
    } finally {
      saving.value = false
    }
  }

  return { people, values, errors, saving, mentors, mentees, save }
}
