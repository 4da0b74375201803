{{- define "palisade.name" -}}palisade-operator{{- end -}}
{{- define "palisade.labels" -}}
app.kubernetes.io/name: palisade-operator
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}
{{- define "palisade.selector" -}}
app.kubernetes.io/name: palisade-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
{{- define "palisade.excluded" -}}
{{- $excluded := concat .Values.excludedNamespaces (list .Release.Namespace) | uniq -}}
{{- join "," $excluded -}}
{{- end -}}

{{- define "palisade.tlsSecret" -}}{{ include "palisade.name" . }}-tls{{- end -}}
{{- define "palisade.checkTlsMode" -}}
{{- if not (has .Values.webhook.tls.mode (list "operator" "cert-manager")) -}}
{{- fail (printf "webhook.tls.mode: %q is neither operator nor cert-manager" .Values.webhook.tls.mode) -}}
{{- end -}}
{{- end -}}
