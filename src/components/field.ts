// What every form field of the app takes beside its value (PopupField and the fields built on it).
export interface FieldProps {
  label: string
  required?: boolean
  /** The message under the field ('' or absent when the value is fine). */
  error?: string
  labelWidth?: string
  testid?: string
}
