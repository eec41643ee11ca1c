{{ checked_complaints(
    staging_model=ref('stg_call_logs'),
    id_column='call_id',
    channel='Call',
    columns={
        'request_at': 'complaints.call_start_at',
        'call_start_at': 'complaints.call_start_at',
        'call_end_at': 'complaints.call_end_at',
        'call_duration_seconds': 'complaints.call_duration_seconds',
    },
    dates=['complaints.call_start_at', 'complaints.call_start_raw', 'complaints.call_end_at', 'complaints.call_end_raw'],
) }}
