{{ checked_complaints(
    staging_model=ref('stg_social_media'),
    id_column='complaint_id',
    channel='Social',
    columns={
        'request_at': 'complaints.request_at',
        'resolved_at': 'complaints.resolved_at',
        'media_channel': 'complaints.media_channel',
    },
    dates=['complaints.request_at', 'complaints.request_raw', 'complaints.resolved_at', 'complaints.resolution_raw'],
) }}
