{{ checked_complaints(
    staging_model=ref('stg_web_forms'),
    id_column='request_id',
    channel='Web',
    columns={
        'request_at': 'complaints.request_at',
        'resolved_at': 'complaints.resolved_at',
    },
    dates=['complaints.request_at', 'complaints.request_raw', 'complaints.resolved_at', 'complaints.resolution_raw'],
) }}
