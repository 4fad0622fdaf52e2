package pe2fsck.io;

/**
 * Queue and RAID geometry of a block device, as the kernel exposes it in sysfs and ioctls.
 * Zero means "not reported".
 *
 * @param minimumIoBytes   minimum_io_size (for md: the chunk size)
 * @param optimalIoBytes   optimal_io_size (for md: chunk size times data disks)
 * @param mdChunkBytes     md chunk size, 0 if not an md array
 * @param mdMembers        md member count (raid_disks), 0 if not an md array
 * @param mdLevel          md level such as "raid5", empty if not an md array
 * @param rotational       true if the kernel says the device is rotational
 */
public record DeviceGeometry(long minimumIoBytes, long optimalIoBytes, long mdChunkBytes,
                             int mdMembers, String mdLevel, boolean rotational) {

    public static final DeviceGeometry NONE = new DeviceGeometry(0, 0, 0, 0, "", false);
}
